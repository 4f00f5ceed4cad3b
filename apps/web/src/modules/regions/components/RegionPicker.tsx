import { Cascader } from 'antd';
import type { CSSProperties } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { Region } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { regionsApi } from '../api/regionsApi.ts';
import { byLevel, findNode, withChildren } from '../regionTree.ts';
import type { RegionNode } from '../regionTree.ts';

interface CascaderOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: CascaderOption[];
}

function toOptions(nodes: RegionNode[]): CascaderOption[] {
  return nodes.map(({ region, children }) => ({
    value: region.code,
    label: region.name,
    isLeaf: !region.hasChildren,
    children: children ? toOptions(children) : undefined,
  }));
}

export interface RegionPickerProps {
  /** The selected region code (GB/T 2260), or null/undefined for none. */
  value?: string | null;
  onChange?: (code: string | null) => void;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  disabled?: boolean;
}

/**
 * Picks a region at any level (province, prefecture or county), loading
 * each level from the regions API when it is opened. A preset value is
 * shown with its full path, loaded from the region's ancestors.
 */
export function RegionPicker({ value, onChange, id, placeholder, allowClear = true, style, disabled }: RegionPickerProps) {
  const { t } = useLang();
  const [nodes, setNodes] = useState<RegionNode[]>([]);
  const [path, setPath] = useState<string[]>([]);
  const provinces = useRef<Promise<Region[]> | null>(null);

  useEffect(() => {
    provinces.current ??= regionsApi.children();
    provinces.current.then((items) => setNodes((prev) => (prev.length ? prev : items.map((region) => ({ region }))))).catch(() => undefined);
  }, []);

  // Follow a value set from outside (edit form, URL filter) by loading its path.
  useEffect(() => {
    if (!value) {
      setPath([]);
      return;
    }
    if (path[path.length - 1] === value) return;
    let current = true;
    (async () => {
      const { region, ancestors } = await regionsApi.get(value);
      const chain = [...ancestors.filter((a) => a.code !== region.code)].sort(byLevel);
      provinces.current ??= regionsApi.children();
      const top = (await provinces.current).map((r) => ({ region: r }));
      const levels = await Promise.all(chain.map((a) => regionsApi.children(a.code)));
      if (!current) return;
      // Into what is shown already: levels the user opened meanwhile keep their children.
      setNodes((prev) => {
        let tree: RegionNode[] = prev.length ? prev : top;
        chain.forEach((a, i) => {
          if (!findNode(tree, a.code)?.children) tree = withChildren(tree, a.code, levels[i] ?? []);
        });
        return tree;
      });
      setPath([...chain.map((a) => a.code), region.code]);
    })().catch(() => {
      // An unknown code: show it raw rather than hide it.
      if (current) setPath([value]);
    });
    return () => {
      current = false;
    };
    // Only a new value matters; `path` is read to skip values we set ourselves.
  }, [value]);

  const loadData = (selected: CascaderOption[]) => {
    const last = selected[selected.length - 1];
    if (!last) return;
    regionsApi
      .children(last.value)
      .then((children) => setNodes((prev) => withChildren(prev, last.value, children)))
      .catch(() => undefined);
  };

  return (
    <Cascader<CascaderOption>
      id={id}
      style={style}
      disabled={disabled}
      options={toOptions(nodes)}
      value={path}
      loadData={loadData}
      changeOnSelect
      allowClear={allowClear}
      placeholder={placeholder ?? t('regions.pickerPlaceholder')}
      onChange={(next) => {
        const codes = (next ?? []) as string[];
        setPath(codes);
        onChange?.(codes[codes.length - 1] ?? null);
      }}
    />
  );
}
