import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useLang } from '../../i18n/useLang.ts';
import { INBOX_CHANGED, inboxApi } from './api/inboxApi.ts';

/** How often the header asks for the unread count. */
const POLL_MS = 60_000;

/** The header's inbox button with the unread count; opens 待办与通知. */
export function InboxBell() {
  const { t } = useLang();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  const refresh = useCallback(() => {
    inboxApi
      .unread()
      .then((r) => setUnread(r.unread))
      .catch(() => undefined); // the badge is a hint; the page shows errors
  }, []);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, POLL_MS);
    window.addEventListener(INBOX_CHANGED, refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(INBOX_CHANGED, refresh);
    };
  }, [refresh]);
  return (
    <Tooltip title={t('inbox.title')}>
      <span data-testid="inbox-unread" data-unread={unread}>
        <Badge count={unread} size="small" offset={[-4, 4]}>
          <Button type="text" icon={<BellOutlined />} onClick={() => navigate('/inbox')} aria-label={t('inbox.title')} data-testid="inbox-bell" />
        </Badge>
      </span>
    </Tooltip>
  );
}
