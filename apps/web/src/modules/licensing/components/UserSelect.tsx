import { Select } from 'antd';
import type { CSSProperties } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { User } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { usersApi } from '../../users/api/usersApi.ts';

interface UserOption {
  value: string;
  label: string;
}

export interface UserSelectProps {
  value?: string | null;
  onChange?: (userId: string | null) => void;
  id?: string;
  placeholder?: string;
  style?: CSSProperties;
  /** The current user's name when known (a task's assignee), saving a request. */
  initialLabel?: string | null;
  /** Users of this organization come first (the rest of the scope may be assigned too, e.g. a region office). */
  orgId?: string;
}

function toOption(u: User): UserOption {
  return { value: u.id, label: `${u.displayName}（${u.username}${u.orgName ? ` · ${u.orgName}` : u.regionName ? ` · ${u.regionName}` : ''}）` };
}

/**
 * Searchable user picker (责任人) over the accounts the signed-in user may
 * see; the server checks that the chosen user belongs to the organization
 * or above it and says so on the field otherwise.
 */
export function UserSelect({ value, onChange, id, placeholder, style, initialLabel, orgId }: UserSelectProps) {
  const { t } = useLang();
  const [options, setOptions] = useState<UserOption[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(0);

  const search = (q: string) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const ticket = ++latest.current;
      setLoading(true);
      usersApi
        .list({ q: q || undefined, pageSize: 50 })
        .then((page) => {
          if (ticket !== latest.current) return;
          const users = page.items.filter((u) => !u.disabled && u.role !== 'inspector' && u.role !== 'auditor');
          // The organization's own people first.
          users.sort((a, b) => Number(b.orgId === orgId) - Number(a.orgId === orgId));
          setOptions(users.map(toOption));
        })
        .catch(() => undefined)
        .finally(() => {
          if (ticket === latest.current) setLoading(false);
        });
    }, 250);
  };

  useEffect(() => {
    if (!value || options.some((o) => o.value === value)) return;
    if (initialLabel) setOptions((prev) => [{ value, label: initialLabel }, ...prev]);
  }, [value]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  return (
    <Select<string>
      id={id}
      style={style}
      value={value ?? undefined}
      options={options}
      loading={loading}
      allowClear
      placeholder={placeholder ?? t('tasks.assigneePlaceholder')}
      showSearch={{ filterOption: false, onSearch: search }}
      onOpenChange={(open) => {
        if (open && options.length <= 1) search('');
      }}
      onChange={(next) => onChange?.(next ?? null)}
      notFoundContent={null}
    />
  );
}
