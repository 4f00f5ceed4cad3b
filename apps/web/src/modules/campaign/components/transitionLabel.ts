import type { Lang, ProgressStatus } from '../../../contracts.ts';

/** What a move is called on its button: 开始自查, 申报完成, 验收通过, 退回整改… */
export function transitionLabel(lang: Lang, from: ProgressStatus, to: ProgressStatus): string {
  const zh = lang === 'zh-CN';
  switch (to) {
    case 'self-check':
      return zh ? '开始自查' : 'Start self-check';
    case 'rectifying':
      if (from === 'completed') return zh ? '退回整改' : 'Return for rectification';
      if (from === 'verified') return zh ? '重新整改（督查发现问题）' : 'Reopen (inspection found problems)';
      return zh ? '进入整改' : 'Start rectifying';
    case 'completed':
      return zh ? '申报完成' : 'Declare completed';
    case 'verified':
      return zh ? '验收通过' : 'Accept (verified)';
    default:
      return to;
  }
}
