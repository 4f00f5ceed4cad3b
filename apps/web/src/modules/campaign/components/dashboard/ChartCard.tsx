import { BarChartOutlined, DownloadOutlined, TableOutlined } from '@ant-design/icons';
import { App, Button, Card, Segmented, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { useLang } from '../../../../i18n/useLang.ts';
import { errorText } from '../../../../shared/errorText.ts';

export type ChartView = 'chart' | 'table';

export interface ChartCardProps {
  title: ReactNode;
  /** the chart; absent: the card shows its table only */
  chart?: ReactNode;
  table: ReactNode;
  /** downloads this card's sheet of the workbook */
  onExport: () => Promise<void>;
  testId: string;
}

/** A dashboard card: a chart with a chart/table switch and an XLSX export of the same figures. */
export function ChartCard({ title, chart, table, onExport, testId }: ChartCardProps) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [view, setView] = useState<ChartView>('chart');
  const [exporting, setExporting] = useState(false);
  const shown = chart ? view : 'table';
  const exportXlsx = async () => {
    setExporting(true);
    try {
      await onExport();
    } catch (e) {
      message.error(errorText(e, t));
    } finally {
      setExporting(false);
    }
  };
  return (
    <Card
      title={title}
      data-testid={testId}
      extra={
        <Space>
          {chart && (
            <Segmented<ChartView>
              size="small"
              value={view}
              onChange={setView}
              options={[
                { value: 'chart', icon: <BarChartOutlined />, label: <span data-testid={`${testId}-chart-view`}>{t('campaignDash.chartView')}</span> },
                { value: 'table', icon: <TableOutlined />, label: <span data-testid={`${testId}-table-view`}>{t('campaignDash.tableView')}</span> },
              ]}
            />
          )}
          <Button size="small" icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx} data-testid={`${testId}-xlsx`}>
            XLSX
          </Button>
        </Space>
      }
    >
      {shown === 'chart' ? chart : table}
    </Card>
  );
}
