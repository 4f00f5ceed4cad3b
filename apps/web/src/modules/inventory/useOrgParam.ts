import { useSearchParams } from 'react-router';
import { useCurrentUser } from '../../auth/useAuth.ts';

/**
 * The organization a page of 资产清查 is about, kept in the URL (`?orgId=`).
 * Without the parameter, users bound to an organization (organization
 * admins, finance or auditors of one organization) start on their own; an
 * empty `?orgId=` means "every organization in my scope", so that they can
 * still widen a list to their child organizations.
 */
export function useOrgParam(): [string | undefined, (orgId: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const user = useCurrentUser();
  const raw = params.get('orgId');
  const orgId = raw === null ? (user.orgId ?? undefined) : raw || undefined;
  const setOrgId = (next: string | null) => {
    const out = new URLSearchParams(params);
    // Leaving the page's other filters alone, but back to page 1: the old page may not exist.
    out.delete('page');
    if (next) out.set('orgId', next);
    else if (user.orgId) out.set('orgId', '');
    else out.delete('orgId');
    setParams(out);
  };
  return [orgId, setOrgId];
}
