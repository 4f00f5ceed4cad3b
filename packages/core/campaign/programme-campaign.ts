import { PROGRAMME_CATEGORIES, type CampaignBody } from '../../contracts/index.ts';

/**
 * The programme's own campaign (2012年推进使用正版软件工作计划, item 1 and
 * item 3): local government agencies complete the inspection and
 * rectification of their software (地方政府机关软件正版化检查整改) —
 * provincial agencies by the end of June 2012, prefecture level by the end
 * of 2012, county level by the end of 2013 — every install of the three
 * programme categories licensed. Data, not code: another year's campaign is
 * created in the UI.
 */
export const PROGRAMME_CAMPAIGN: CampaignBody = {
  name: '2012年地方政府机关软件正版化检查整改',
  description: '依据《2012年推进使用正版软件工作计划》：省级政府机关2012年6月底前、地市级2012年12月底前、县级2013年12月底前完成软件正版化检查整改工作。',
  threshold: 1,
  categories: [...PROGRAMME_CATEGORIES],
  deadlines: { provincial: '2012-06-30', prefecture: '2012-12-31', county: '2013-12-31' },
  status: 'active',
};
