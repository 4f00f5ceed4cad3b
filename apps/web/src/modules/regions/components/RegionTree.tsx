import { Empty, Input, Spin, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import { useEffect, useState } from 'react';
import type { Key } from 'react';
import type { Region } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { regionsApi } from '../api/regionsApi.ts';
import { treeFromFlat, withChildren } from '../regionTree.ts';
import type { RegionNode } from '../regionTree.ts';

/** The name with the searched text highlighted. */
function highlighted(name: string, q: string) {
  const at = q ? name.indexOf(q) : -1;
  if (at < 0) return name;
  return (
    <>
      {name.slice(0, at)}
      <span style={{ color: '#cf1322', fontWeight: 600 }}>{q}</span>
      {name.slice(at + q.length)}
    </>
  );
}

function toTreeData(nodes: RegionNode[], q: string): TreeDataNode[] {
  return nodes.map(({ region, children }) => ({
    key: region.code,
    title: highlighted(region.name, q),
    isLeaf: !region.hasChildren,
    children: children ? toTreeData(children, q) : undefined,
  }));
}

/** Every code that has children present, to open a search result fully. */
function parentCodes(nodes: RegionNode[]): string[] {
  return nodes.flatMap((n) => (n.children?.length ? [n.region.code, ...parentCodes(n.children)] : []));
}

export interface RegionTreeProps {
  selected: string | null;
  onSelect: (region: Region) => void;
}

/**
 * Browses regions lazily, level by level, or searches them: a search shows
 * the matches with their ancestors, opened down to each match.
 */
export function RegionTree({ selected, onSelect }: RegionTreeProps) {
  const { t } = useLang();
  const [browse, setBrowse] = useState<RegionNode[]>([]);
  const [browseExpanded, setBrowseExpanded] = useState<string[]>([]);
  const [found, setFound] = useState<{ q: string; nodes: RegionNode[]; expanded: string[] } | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    regionsApi
      .children()
      .then((items) => setBrowse(items.map((region) => ({ region }))))
      .catch((e: unknown) => setError(errorText(e, t)))
      .finally(() => setLoading(false));
    // The provinces do not depend on the language.
  }, []);

  const search = (raw: string) => {
    const q = raw.trim();
    if (!q) {
      setFound(null);
      return;
    }
    setLoading(true);
    setError(null);
    regionsApi
      .search(q)
      .then((items) => {
        const nodes = treeFromFlat(items);
        setFound({ q, nodes, expanded: parentCodes(nodes) });
      })
      .catch((e: unknown) => setError(errorText(e, t)))
      .finally(() => setLoading(false));
  };

  const byCode = new Map<string, Region>();
  const index = (nodes: RegionNode[]) => nodes.forEach((n) => (byCode.set(n.region.code, n.region), n.children && index(n.children)));
  index(found ? found.nodes : browse);

  const loadData = async (node: { key: Key }) => {
    const code = String(node.key);
    const children = await regionsApi.children(code);
    if (found) setFound((prev) => (prev ? { ...prev, nodes: withChildren(prev.nodes, code, children) } : prev));
    else setBrowse((prev) => withChildren(prev, code, children));
  };

  const nodes = found ? found.nodes : browse;
  return (
    <>
      <Input.Search
        placeholder={t('regions.searchPlaceholder')}
        allowClear
        enterButton
        onSearch={search}
        style={{ marginBottom: 12 }}
        aria-label={t('regions.searchPlaceholder')}
        data-testid="region-search"
      />
      {error && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={error} />}
      <Spin spinning={loading}>
        {found && found.nodes.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('regions.noMatch')} />
        ) : (
          <div style={{ maxHeight: 'calc(100vh - 260px)', minHeight: 200, overflow: 'auto' }} data-testid="region-tree">
            <Tree
              // A new search is a new tree: reset antd's memory of loaded nodes.
              key={found ? `search:${found.q}` : 'browse'}
              showLine
              blockNode
              treeData={toTreeData(nodes, found?.q ?? '')}
              loadData={loadData}
              expandedKeys={found ? found.expanded : browseExpanded}
              onExpand={(keys) => {
                const next = keys.map(String);
                if (found) setFound({ ...found, expanded: next });
                else setBrowseExpanded(next);
              }}
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => {
                const region = byCode.get(String(keys[0] ?? ''));
                if (region) onSelect(region);
              }}
            />
          </div>
        )}
      </Spin>
    </>
  );
}
