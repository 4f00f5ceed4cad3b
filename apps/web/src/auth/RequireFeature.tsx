import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useLang } from '../i18n/useLang.ts';
import { can } from './permissions.ts';
import type { Feature } from './permissions.ts';
import { useAuth } from './useAuth.ts';

/** Renders its children only for roles allowed the feature; a 403 page otherwise. */
export function RequireFeature({ feature, children }: { feature: Feature; children: ReactNode }) {
  const { user } = useAuth();
  const { t } = useLang();
  if (can(user?.role, feature)) return <>{children}</>;
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('error.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('error.backHome')}</Button>
        </Link>
      }
    />
  );
}
