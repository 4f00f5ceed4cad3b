import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useLang } from '../i18n/useLang.ts';

/** Unknown paths inside the app. */
export function NotFoundPage() {
  const { t } = useLang();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('error.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('error.backHome')}</Button>
        </Link>
      }
    />
  );
}
