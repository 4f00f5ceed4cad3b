import { Flex, Typography } from 'antd';
import { useLang } from '../../../i18n/useLang.ts';
import type { MessageKey } from '../../../i18n/zhCN.ts';
import type { AgentCommands } from '../api/inventoryApi.ts';

/** One ready-to-paste command line with a copy button. */
export function CommandLine({ command, testId }: { command: string; testId?: string }) {
  return (
    <Typography.Paragraph
      copyable={{ text: command }}
      style={{ margin: 0, padding: '6px 10px', background: '#f6f8fa', border: '1px solid #e5e7eb', borderRadius: 4, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12.5, wordBreak: 'break-all' }}
      data-testid={testId}
    >
      {command}
    </Typography.Paragraph>
  );
}

/** The agents with a credential-based command, in the order most sites meet them. */
const AGENTS = ['ocs', 'fusion', 'glpi', 'zbScan'] as const satisfies readonly (keyof AgentCommands)[];

/**
 * The command line of each agent (OCS Inventory, FusionInventory,
 * glpi-agent, our own `zb scan`), each with what it is for. With secrets
 * right after credentials are created; with placeholders otherwise.
 */
export function CommandLines({ commands }: { commands: AgentCommands }) {
  const { t } = useLang();
  return (
    <Flex vertical gap={12} data-testid="agent-commands">
      {AGENTS.map((agent) => (
        <div key={agent}>
          <Typography.Text strong>{t(`agents.cmd.${agent}` as MessageKey)}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ margin: '2px 0 6px', fontSize: 12 }}>
            {t(`agents.cmd.${agent}.hint` as MessageKey)}
          </Typography.Paragraph>
          <CommandLine command={commands[agent]} testId={`agent-command-${agent}`} />
        </div>
      ))}
    </Flex>
  );
}
