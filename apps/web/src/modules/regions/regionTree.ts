import { REGION_LEVELS } from '../../contracts.ts';
import type { Region } from '../../contracts.ts';

/** A region as a node of an antd Tree/Cascader: children undefined = not loaded yet. */
export interface RegionNode {
  region: Region;
  children?: RegionNode[];
}

/** Sorts regions province → prefecture → county (ancestor lists come in either order). */
export function byLevel(a: Region, b: Region): number {
  return REGION_LEVELS.indexOf(a.level) - REGION_LEVELS.indexOf(b.level);
}

/** Returns a copy of `nodes` where the node `code` has the given children. */
export function withChildren(nodes: RegionNode[], code: string, children: Region[]): RegionNode[] {
  return nodes.map((node) => {
    if (node.region.code === code) return { ...node, children: children.map((region) => ({ region })) };
    if (node.children) return { ...node, children: withChildren(node.children, code, children) };
    return node;
  });
}

/** The node `code` of a tree, if it is in it. */
export function findNode(nodes: RegionNode[], code: string): RegionNode | undefined {
  for (const node of nodes) {
    if (node.region.code === code) return node;
    const below = node.children ? findNode(node.children, code) : undefined;
    if (below) return below;
  }
  return undefined;
}

/**
 * Builds a tree from a flat list of regions (search results with their
 * ancestors) using parentCode. Nodes whose parent is not in the list are roots.
 * A node is "loaded" only when some of its children are present, so the rest
 * of a matched prefecture can still be lazily opened.
 */
export function treeFromFlat(regions: Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  for (const region of regions) nodes.set(region.code, { region });
  const roots: RegionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.region.parentCode ? nodes.get(node.region.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (list: RegionNode[]) => {
    list.sort((a, b) => a.region.code.localeCompare(b.region.code));
    for (const node of list) if (node.children) sort(node.children);
  };
  sort(roots);
  return roots;
}
