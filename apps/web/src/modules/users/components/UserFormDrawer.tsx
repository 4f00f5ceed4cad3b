import { Alert, App, Button, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/ApiError.ts';
import { FIELD_MESSAGES, ROLES } from '../../../contracts.ts';
import type { Lang, Role, User, UserCreateInput, UserUpdateInput } from '../../../contracts.ts';
import { roleLabel } from '../../../i18n/labels.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { applyFieldErrors } from '../../../shared/applyFieldErrors.ts';
import { errorText } from '../../../shared/errorText.ts';
import { OrgSelect } from '../../orgs/components/OrgSelect.tsx';
import { RegionPicker } from '../../regions/components/RegionPicker.tsx';
import { usersApi } from '../api/usersApi.ts';

interface UserFormValues {
  username: string;
  displayName: string;
  password?: string;
  role: Role;
  regionCode?: string | null;
  orgId?: string | null;
  disabled?: boolean;
}

/**
 * Which scope fields a role has. Region admins govern a region subtree,
 * organization admins one organization; finance and auditors may be bound
 * to either, or to neither (nationwide).
 */
function scopeOf(role: Role | undefined): { region: 'required' | 'optional' | 'none'; org: 'required' | 'optional' | 'none' } {
  switch (role) {
    case 'region_admin':
      return { region: 'required', org: 'none' };
    case 'org_admin':
      return { region: 'none', org: 'required' };
    case 'finance':
    case 'auditor':
      return { region: 'optional', org: 'optional' };
    default:
      return { region: 'none', org: 'none' };
  }
}

/** The contract's password rule (8+ characters, letters and digits), checked before sending. */
function passwordRule(lang: Lang) {
  return {
    validator: async (_rule: unknown, value: string | undefined) => {
      if (!value) return;
      if (value.length < 8 || !/[A-Za-z]/.test(value) || !/\d/.test(value)) throw new Error(FIELD_MESSAGES['password.weak'][lang]);
    },
  };
}

export interface UserFormDrawerProps {
  open: boolean;
  /** The user to edit; null to create one. */
  user: User | null;
  onClose: () => void;
  onSaved: (user: User) => void;
}

/** Creates or edits a user account: role, scope, password, disabled. */
export function UserFormDrawer({ open, user, onClose, onSaved }: UserFormDrawerProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues>();
  const role = Form.useWatch('role', form);
  const scope = scopeOf(role);
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);

  const submit = async (values: UserFormValues) => {
    setSaving(true);
    setGeneral(null);
    // Fields that do not apply to the role are sent empty, so a role change clears them.
    const scoped = {
      role: values.role,
      regionCode: scope.region === 'none' ? null : (values.regionCode ?? null),
      orgId: scope.org === 'none' ? null : (values.orgId ?? null),
    };
    try {
      let saved: User;
      if (user) {
        const body: UserUpdateInput = { displayName: values.displayName.trim(), disabled: values.disabled ?? false, ...scoped };
        if (values.password) body.password = values.password;
        saved = await usersApi.update(user.id, body);
      } else {
        const body: UserCreateInput = { username: values.username.trim(), displayName: values.displayName.trim(), password: values.password ?? '', ...scoped };
        saved = await usersApi.create(body);
      }
      message.success(user ? t('common.saved') : t('common.created'));
      onSaved(saved);
    } catch (e) {
      const unmatched = applyFieldErrors(form, e);
      if (e instanceof ApiError && e.code === 'USERNAME_TAKEN') form.setFields([{ name: 'username', errors: [e.message] }]);
      else if (!(e instanceof ApiError) || e.fields.length === 0 || unmatched.length > 0) {
        setGeneral([errorText(e, t), ...unmatched.map((f) => `${f.path}: ${f.message}`)].join('；'));
      }
    } finally {
      setSaving(false);
    }
  };

  const required = { required: true, message: t('users.required') };
  return (
    <Drawer
      open={open}
      title={user ? t('users.edit') : t('users.create')}
      size={520}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {general && <Alert type="error" showIcon title={general} style={{ marginBottom: 16 }} />}
      <Form<UserFormValues>
        form={form}
        name="user"
        layout="vertical"
        onFinish={submit}
        initialValues={
          user
            ? { username: user.username, displayName: user.displayName, role: user.role, regionCode: user.regionCode, orgId: user.orgId, disabled: user.disabled }
            : { role: 'org_admin', disabled: false }
        }
      >
        <Form.Item name="username" label={t('users.username')} rules={user ? [] : [required]}>
          <Input disabled={!!user} maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="password" label={t('users.password')} rules={user ? [passwordRule(lang)] : [required, passwordRule(lang)]} extra={user ? t('users.passwordEditHint') : undefined}>
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[required]}>
          <Select options={ROLES.map((r) => ({ value: r, label: roleLabel(lang, r) }))} />
        </Form.Item>
        {scope.region !== 'none' && (
          <Form.Item name="regionCode" label={t('users.region')} rules={scope.region === 'required' ? [required] : []} extra={scope.region === 'optional' ? t('users.scopeOptional') : undefined}>
            <RegionPicker />
          </Form.Item>
        )}
        {scope.org !== 'none' && (
          <Form.Item name="orgId" label={t('users.org')} rules={scope.org === 'required' ? [required] : []} extra={scope.org === 'optional' ? t('users.scopeOptional') : undefined}>
            <OrgSelect placeholder={t('users.orgPlaceholder')} initialLabel={user?.orgName ?? null} />
          </Form.Item>
        )}
        {user && (
          <Form.Item name="disabled" label={t('users.disabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
