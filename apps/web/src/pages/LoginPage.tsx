import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/ApiError.ts';
import { useAuth } from '../auth/useAuth.ts';
import { useLang } from '../i18n/useLang.ts';
import { LangSwitch } from '../layout/LangSwitch.tsx';

interface LoginValues {
  username: string;
  password: string;
}

/** Only same-app paths are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** The sign-in form; server errors (wrong password, locked, rate limited) show above it. */
export function LoginPage() {
  const { t } = useLang();
  const { status, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />;

  const onFinish = async (values: LoginValues) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username, values.password);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && e.code !== 'NETWORK' ? e.message : t('common.networkError'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', background: 'linear-gradient(160deg, #eef3fb 0%, #f7f7f7 60%)' }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LangSwitch />
      </div>
      <Flex vertical align="center" gap={8} style={{ marginBottom: 24 }}>
        <span style={{ width: 48, height: 48, borderRadius: 10, background: '#c0392b', color: '#fff', display: 'grid', placeItems: 'center', fontSize: 26, fontWeight: 700 }}>
          正
        </span>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
      </Flex>
      <Card title={t('login.title')} style={{ width: 380 }}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<LoginValues> name="login" layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
