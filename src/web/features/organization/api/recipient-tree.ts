import {
  RECIPIENT_KINDS,
  type Recipient,
  type RecipientKind,
} from '../../../../shared/contracts/organization.contract.js';

/** A recipient with its subordinates, as the tree table and the parent picker show them. */
export type RecipientNode = Recipient & { children?: RecipientNode[] };

const KIND_ORDER: Record<RecipientKind, number> = Object.fromEntries(
  RECIPIENT_KINDS.map((kind, index) => [kind, index]),
) as Record<RecipientKind, number>;

function compareRecipients(left: Recipient, right: Recipient): number {
  return KIND_ORDER[left.kind] - KIND_ORDER[right.kind] || left.name.localeCompare(right.name, 'ru');
}

/**
 * The flat list from the server as a tree: administration → departments → institutions, territorial units,
 * settlements; within a level by kind, then by name. A recipient whose parent is not in the list (or a broken
 * chain of parents) is shown at the top rather than lost.
 */
export function buildRecipientTree(recipients: readonly Recipient[]): RecipientNode[] {
  const childrenOf = new Map<string | null, Recipient[]>();
  const ids = new Set(recipients.map((recipient) => recipient.id));
  for (const recipient of recipients) {
    const parentKey = recipient.parentId !== null && ids.has(recipient.parentId) ? recipient.parentId : null;
    const siblings = childrenOf.get(parentKey) ?? [];
    siblings.push(recipient);
    childrenOf.set(parentKey, siblings);
  }

  const placed = new Set<string>();
  const toNode = (recipient: Recipient): RecipientNode => {
    placed.add(recipient.id);
    const children = (childrenOf.get(recipient.id) ?? [])
      .filter((child) => !placed.has(child.id))
      .sort(compareRecipients)
      .map(toNode);
    return children.length > 0 ? { ...recipient, children } : { ...recipient };
  };

  const roots = [...(childrenOf.get(null) ?? [])].sort(compareRecipients).map(toNode);
  // Recipients that only point at each other (a cycle) are never reached from a root.
  const unreached = recipients.filter((recipient) => !placed.has(recipient.id)).sort(compareRecipients);
  for (const recipient of unreached) {
    if (!placed.has(recipient.id)) {
      roots.push(toNode(recipient));
    }
  }
  return roots;
}

/** The ids of a recipient and of everything under it: none of them may become its parent. */
export function collectSubtreeIds(nodes: readonly RecipientNode[], rootId: string): Set<string> {
  const found = new Set<string>();
  const collect = (node: RecipientNode) => {
    found.add(node.id);
    for (const child of node.children ?? []) collect(child);
  };
  const search = (list: readonly RecipientNode[]): boolean => {
    for (const node of list) {
      if (node.id === rootId) {
        collect(node);
        return true;
      }
      if (search(node.children ?? [])) return true;
    }
    return false;
  };
  search(nodes);
  return found;
}

/** Every recipient that has subordinates: the rows the tree table can fold. */
export function collectParentIds(nodes: readonly RecipientNode[]): string[] {
  const ids: string[] = [];
  const walk = (list: readonly RecipientNode[]) => {
    for (const node of list) {
      if (node.children) {
        ids.push(node.id);
        walk(node.children);
      }
    }
  };
  walk(nodes);
  return ids;
}

export type RecipientTreeOption = {
  value: string;
  title: string;
  disabled?: boolean;
  children?: RecipientTreeOption[];
};

/**
 * The tree for a TreeSelect. `disabledIds` are shown but cannot be picked (the recipient itself); inactive ones are
 * marked, and cannot be picked either unless `isInactivePickable` (a filter may look for them, a form may not).
 */
export function toRecipientTreeOptions(
  nodes: readonly RecipientNode[],
  disabledIds: ReadonlySet<string> = new Set(),
  isInactivePickable = false,
): RecipientTreeOption[] {
  return nodes.map((node) => {
    const option: RecipientTreeOption = {
      value: node.id,
      title: node.isActive ? node.name : `${node.name} (отключён)`,
    };
    if (disabledIds.has(node.id) || (!node.isActive && !isInactivePickable)) option.disabled = true;
    if (node.children) option.children = toRecipientTreeOptions(node.children, disabledIds, isInactivePickable);
    return option;
  });
}
