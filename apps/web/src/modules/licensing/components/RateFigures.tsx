import { Card, Col, Progress, Row, Statistic, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { PROGRAMME_CATEGORIES } from '../../../contracts.ts';
import type { RatioView } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { categoryLabel } from '../../recognition/recognitionLabels.tsx';
import { formatRate, rateColor } from '../licensingLabels.tsx';

/** The figures every compliance view shows, for an organization or a region node. */
export interface RateFiguresData {
  overall: RatioView;
  programme: RatioView;
  byCategory: Record<(typeof PROGRAMME_CATEGORIES)[number], RatioView>;
  devices: number;
  compliantDevices: number;
  compliantDeviceRate: number | null;
}

/** A rate with its numerator and denominator ("covered / required"). */
function RateStatistic({ title, ratio, testId, help }: { title: string; ratio: RatioView; testId: string; help?: ReactNode }) {
  const { t, lang } = useLang();
  return (
    <Statistic
      title={help ? <Tooltip title={help}>{title}</Tooltip> : title}
      value={formatRate(ratio.rate, lang)}
      styles={{ content: { color: rateColor(ratio.rate) } }}
      suffix={
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('compliance.coveredOf', { covered: formatNumber(ratio.covered, lang), required: formatNumber(ratio.required, lang) })}
        </Typography.Text>
      }
      data-testid={testId}
    />
  );
}

/**
 * The headline of a compliance view: the legalization rate (正版化率)
 * overall and of the programme's three categories (操作系统、办公软件、杀毒软件),
 * and the share of computers with every install covered.
 */
export function RateFigures({ data, extra }: { data: RateFiguresData; extra?: ReactNode }) {
  const { t, lang } = useLang();
  return (
    <Card data-testid="compliance-figures">
      <Row gutter={[24, 16]}>
        <Col xs={24} md={8} xl={4}>
          <RateStatistic title={t('compliance.overallRate')} ratio={data.overall} testId="rate-overall" help={t('compliance.overallHelp')} />
        </Col>
        <Col xs={24} md={8} xl={4}>
          <RateStatistic title={t('compliance.programmeRate')} ratio={data.programme} testId="rate-programme" help={t('compliance.programmeHelp')} />
        </Col>
        {PROGRAMME_CATEGORIES.map((c) => (
          <Col key={c} xs={12} md={8} xl={4}>
            <RateStatistic title={categoryLabel(lang, c)} ratio={data.byCategory[c]} testId={`rate-${c}`} />
          </Col>
        ))}
        <Col xs={12} md={8} xl={4}>
          <Statistic
            title={t('compliance.compliantDeviceRate')}
            value={formatRate(data.compliantDeviceRate, lang)}
            suffix={
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('compliance.devicesOf', { compliant: formatNumber(data.compliantDevices, lang), devices: formatNumber(data.devices, lang) })}
              </Typography.Text>
            }
            data-testid="rate-devices"
          />
          {data.compliantDeviceRate !== null && <Progress percent={Math.round(data.compliantDeviceRate * 1000) / 10} showInfo={false} size="small" strokeColor={rateColor(data.compliantDeviceRate)} />}
        </Col>
      </Row>
      {extra}
    </Card>
  );
}

/** A rate in a table cell: a small bar and the percentage. */
export function RateCell({ ratio }: { ratio: RatioView }) {
  const { t, lang } = useLang();
  if (ratio.rate === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={t('compliance.coveredOf', { covered: formatNumber(ratio.covered, lang), required: formatNumber(ratio.required, lang) })}>
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, minWidth: 140 }}>
        <Progress percent={Math.round(ratio.rate * 1000) / 10} showInfo={false} size="small" strokeColor={rateColor(ratio.rate)} style={{ width: 70, margin: 0 }} />
        <span style={{ color: rateColor(ratio.rate) }}>{formatRate(ratio.rate, lang)}</span>
      </span>
    </Tooltip>
  );
}
