import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover, Tooltip } from 'antd';
import { useState } from 'react';
import { useLang } from '../i18n/useLang.ts';

/** One column that the user may show or hide. */
export interface ColumnChoice {
  key: string;
  title: string;
}

/**
 * Remembers which columns of a table are hidden (localStorage, per table).
 * Returns the hidden keys and a setter; `defaults` are hidden until the user
 * chooses otherwise.
 */
export function useHiddenColumns(storageKey: string, defaults: readonly string[] = []): [string[], (keys: string[]) => void] {
  const [hidden, setHidden] = useState<string[]>(() => {
    try {
      const stored = window.localStorage.getItem(storageKey);
      if (stored === null) return [...defaults];
      const parsed: unknown = JSON.parse(stored);
      return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [...defaults];
    }
  });
  const update = (keys: string[]) => {
    setHidden(keys);
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(keys));
    } catch {
      // Not remembered across visits; still applied now.
    }
  };
  return [hidden, update];
}

export interface ColumnSettingsProps {
  columns: ColumnChoice[];
  hidden: string[];
  onChange: (hidden: string[]) => void;
}

/** The "columns" button of a table toolbar: a checklist of the columns. */
export function ColumnSettings({ columns, hidden, onChange }: ColumnSettingsProps) {
  const { t } = useLang();
  const shown = columns.map((c) => c.key).filter((k) => !hidden.includes(k));
  const content = (
    <Flex vertical gap={4}>
      <Checkbox.Group
        value={shown}
        onChange={(keys) => onChange(columns.map((c) => c.key).filter((k) => !keys.includes(k)))}
        style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
        options={columns.map((c) => ({ value: c.key, label: c.title }))}
      />
      <Button size="small" type="link" onClick={() => onChange([])} style={{ alignSelf: 'flex-start', padding: 0 }}>
        {t('common.reset')}
      </Button>
    </Flex>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight">
      <Tooltip title={t('common.columns')}>
        <Button icon={<SettingOutlined />} aria-label={t('common.columns')} />
      </Tooltip>
    </Popover>
  );
}
