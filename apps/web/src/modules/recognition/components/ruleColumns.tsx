import { Flex, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Translate } from '../../../i18n/LangContext.ts';
import { licenceNeeded } from '../../../contracts.ts';
import type { Lang, RuleView } from '../../../contracts.ts';
import { categoryLabel, DomesticTag, LicenceTag } from '../recognitionLabels.tsx';

/** The first pattern of a rule, the others in a tooltip. */
function Patterns({ patterns }: { patterns: string[] }) {
  const [first, ...rest] = patterns;
  if (!first) return <>—</>;
  return (
    <Tooltip title={patterns.length > 1 ? <div style={{ whiteSpace: 'pre-wrap' }}>{patterns.join('\n')}</div> : undefined}>
      <Typography.Text code style={{ maxWidth: 180, display: 'inline-block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'bottom' }}>
        {first}
      </Typography.Text>
      {rest.length > 0 && <Typography.Text type="secondary"> +{rest.length}</Typography.Text>}
    </Tooltip>
  );
}

/** The columns every rule table shows: identity, facts of the product, patterns. */
export function ruleColumns(t: Translate, lang: Lang): TableColumnsType<RuleView> {
  return [
    {
      key: 'id',
      title: t('rules.id'),
      render: (_: unknown, v) => (
        <Flex vertical>
          <Typography.Text code>{v.rule.id}</Typography.Text>
          {v.replacesShipped && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('rules.replacesShippedShort')}
            </Typography.Text>
          )}
          {/* Most rules keep the default priority; only the others say so. */}
          {v.rule.priority !== 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('rules.priorityValue', { n: v.rule.priority })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { key: 'publisher', title: t('rules.publisher'), render: (_: unknown, v) => v.rule.publisher },
    {
      key: 'product',
      title: t('rules.product'),
      render: (_: unknown, v) => (
        <Flex gap={4} align="center" wrap>
          <span>{v.rule.product}</span>
          {v.rule.domestic && <DomesticTag />}
        </Flex>
      ),
    },
    { key: 'category', title: t('recognition.category'), render: (_: unknown, v) => categoryLabel(lang, v.rule.category) },
    {
      key: 'licence',
      title: t('recognition.licenceClass'),
      render: (_: unknown, v) => (
        <Flex vertical gap={2} align="start">
          <LicenceTag licence={v.rule.licence} />
          {/* Only when the rule says otherwise than its licence class implies. */}
          {v.rule.requiresLicence !== undefined && v.rule.requiresLicence !== licenceNeeded(v.rule.licence) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {v.rule.requiresLicence ? t('catalogue.needsLicence') : t('catalogue.noLicence')}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { key: 'match', title: t('rules.matchShort'), render: (_: unknown, v) => <Patterns patterns={v.rule.match} /> },
  ];
}
