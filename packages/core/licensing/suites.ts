/**
 * Suites (套件): one entitlement covering several products. An entitlement
 * for a suite lists the suite's own product and each component, so an
 * install of Word alone is covered by an Office Professional Plus licence.
 * Reference data, reviewed like the recognition library; keys are the
 * library's product keys.
 */
export interface Suite {
  key: string;
  name: string;
  /** edition the suite is sold as, when it matters (Office Standard has no Access) */
  edition: string | null;
  productKeys: string[];
}

const OFFICE_CORE = ['microsoft/office', 'microsoft/word', 'microsoft/excel', 'microsoft/powerpoint', 'microsoft/outlook', 'microsoft/onenote'];

export const SUITES: readonly Suite[] = [
  { key: 'office-professional-plus', name: 'Microsoft Office 专业增强版 (Professional Plus)', edition: 'Professional Plus', productKeys: [...OFFICE_CORE, 'microsoft/access', 'microsoft/publisher', 'microsoft/skype-for-business', 'microsoft/infopath'] },
  { key: 'office-professional', name: 'Microsoft Office 专业版 (Professional)', edition: 'Professional', productKeys: [...OFFICE_CORE, 'microsoft/access', 'microsoft/publisher'] },
  { key: 'office-standard', name: 'Microsoft Office 标准版 (Standard)', edition: 'Standard', productKeys: [...OFFICE_CORE, 'microsoft/publisher'] },
  { key: 'office-home-business', name: 'Microsoft Office 小型企业版 (Home and Business)', edition: 'Home and Business', productKeys: OFFICE_CORE },
  { key: 'microsoft-365-apps', name: 'Microsoft 365 应用 (Apps for enterprise)', edition: null, productKeys: ['microsoft/365', ...OFFICE_CORE, 'microsoft/access', 'microsoft/publisher', 'microsoft/teams'] },
  {
    key: 'adobe-creative-cloud-all-apps',
    name: 'Adobe Creative Cloud 全部应用 (All Apps)',
    edition: null,
    productKeys: ['adobe/creative-cloud', 'adobe/photoshop', 'adobe/illustrator', 'adobe/indesign', 'adobe/premiere-pro', 'adobe/after-effects', 'adobe/acrobat', 'adobe/lightroom', 'adobe/audition', 'adobe/animate', 'adobe/dreamweaver', 'adobe/media-encoder', 'adobe/incopy', 'adobe/xd', 'adobe/bridge'],
  },
  { key: 'autodesk-aec-collection', name: 'Autodesk AEC 行业软件集 (AEC Collection)', edition: null, productKeys: ['autodesk/design-suite', 'autodesk/autocad', 'autodesk/revit', 'autodesk/3ds-max', 'autodesk/civil-3d', 'autodesk/navisworks', 'autodesk/infraworks', 'autodesk/recap', 'autodesk/autocad-map-3d', 'autodesk/autocad-plant-3d'] },
  { key: 'coreldraw-graphics-suite', name: 'CorelDRAW Graphics Suite', edition: null, productKeys: ['corel/coreldraw', 'corel/painter'] },
];
