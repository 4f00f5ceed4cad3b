import { Select } from 'antd';
import type { CSSProperties } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { Org } from '../../../contracts.ts';
import { orgsApi } from '../api/orgsApi.ts';

interface OrgOption {
  value: string;
  label: string;
}

export interface OrgSelectProps {
  /** The selected organization id. */
  value?: string | null;
  onChange?: (orgId: string | null) => void;
  id?: string;
  placeholder?: string;
  style?: CSSProperties;
  /** Its label when known already (e.g. parentName), saving a request. */
  initialLabel?: string | null;
  /** An organization that may not be chosen (itself, as its own parent). */
  excludeId?: string;
}

function toOption(org: Org): OrgOption {
  return { value: org.id, label: `${org.name}（${org.uscc}）` };
}

/** Searchable organization select; searches the server by name or USCC as the user types. */
export function OrgSelect({ value, onChange, id, placeholder, style, initialLabel, excludeId }: OrgSelectProps) {
  const [options, setOptions] = useState<OrgOption[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(0);
  const typed = useRef('');

  const search = (q: string) => {
    typed.current = q;
    window.clearTimeout(timer.current);
    // Debounced: one request per pause in typing, and only the newest answer counts.
    timer.current = window.setTimeout(() => {
      const ticket = ++latest.current;
      setLoading(true);
      orgsApi
        .list({ q: q || undefined, pageSize: 20 })
        .then((page) => {
          if (ticket === latest.current) setOptions(page.items.filter((o) => o.id !== excludeId).map(toOption));
        })
        .catch(() => undefined)
        .finally(() => {
          if (ticket === latest.current) setLoading(false);
        });
    }, 250);
  };

  // Make sure the current value has a label, even before any search. Only a
  // new value matters here; options and initialLabel follow from it.
  useEffect(() => {
    if (!value || options.some((o) => o.value === value)) return;
    if (initialLabel) {
      setOptions((prev) => [{ value, label: initialLabel }, ...prev]);
      return;
    }
    orgsApi
      .get(value)
      .then((org) => setOptions((prev) => [toOption(org), ...prev.filter((o) => o.value !== org.id)]))
      .catch(() => undefined);
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
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: search }}
      onOpenChange={(open) => {
        // The open event can arrive after the first keystrokes: keep what was typed.
        if (open && options.length <= 1) search(typed.current);
      }}
      onChange={(next) => onChange?.(next ?? null)}
      notFoundContent={null}
    />
  );
}
