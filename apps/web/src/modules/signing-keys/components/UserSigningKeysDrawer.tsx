import { App, Drawer, Typography } from 'antd';
import type { SigningKeyView, User } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { signingKeysApi } from '../api/signingKeysApi.ts';
import { SigningKeysTable } from './SigningKeysTable.tsx';

/** A user's signing keys for the national office: a lost laptop or a departed inspector's key is revoked here. */
export function UserSigningKeysDrawer({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const keys = useRemote(() => (user ? signingKeysApi.listOf(user.id) : Promise.resolve([] as SigningKeyView[])), [user?.id]);
  const revoke = (k: SigningKeyView) => {
    if (!user) return;
    signingKeysApi
      .revokeOf(user.id, k.keyId)
      .then(() => {
        message.success(t('signingKeys.revoked'));
        keys.reload();
      })
      .catch((e: unknown) => message.error(errorText(e, t)));
  };
  return (
    <Drawer open={user !== null} title={user ? `${user.displayName} · ${t('signingKeys.title')}` : ''} size={760} onClose={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('signingKeys.adminHelp')}</Typography.Paragraph>
      {keys.error && <Typography.Text type="danger">{errorText(keys.error, t)}</Typography.Text>}
      <SigningKeysTable keys={keys.data ?? []} loading={keys.loading} onRevoke={revoke} />
    </Drawer>
  );
}
