/**
 * Publisher names for reverse-domain identifiers (macOS bundle ids, Flatpak
 * application ids). Only domains whose owner is beyond doubt are listed: a
 * wrong publisher would mislead recognition more than a missing one.
 */
const PUBLISHERS: Readonly<Record<string, string>> = {
  'com.adobe': 'Adobe',
  'com.alibaba': 'Alibaba',
  'com.alipay': 'Alibaba',
  'com.apple': 'Apple',
  'com.autodesk': 'Autodesk',
  'com.baidu': 'Baidu',
  'com.bytedance': 'ByteDance',
  'com.citrix': 'Citrix',
  'com.docker': 'Docker',
  'com.google': 'Google',
  'com.huawei': 'Huawei',
  'com.iflytek': 'iFlytek',
  'com.jetbrains': 'JetBrains',
  'com.kingsoft': 'Kingsoft',
  'com.microsoft': 'Microsoft',
  'com.netease': 'NetEase',
  'com.oracle': 'Oracle',
  'com.parallels': 'Parallels',
  'com.skype': 'Microsoft',
  'com.sogou': 'Sogou',
  'com.spotify': 'Spotify',
  'com.tencent': 'Tencent',
  'com.valvesoftware': 'Valve',
  'com.vmware': 'VMware',
  'org.gimp': 'GIMP',
  'org.gnome': 'GNOME',
  'org.kde': 'KDE',
  'org.libreoffice': 'The Document Foundation',
  'org.mozilla': 'Mozilla',
  'org.videolan': 'VideoLAN',
  'us.zoom': 'Zoom',
};

/**
 * The publisher of a reverse-domain id (`com.microsoft.Word` → Microsoft),
 * or null when the domain is not one we are sure about.
 */
export function publisherFromReverseDomain(id: string | null | undefined): string | null {
  if (!id) return null;
  const parts = id.toLowerCase().split('.');
  if (parts.length < 2) return null;
  return PUBLISHERS[`${parts[0]}.${parts[1]}`] ?? null;
}
