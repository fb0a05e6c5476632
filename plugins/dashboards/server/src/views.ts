/** The usage dashboard's answer by allow-list (@haven/shared/view): exactly these fields leave the server. */
import { publicView } from '@haven/shared/view';
import type { UsageReport } from './lib/usage-report';

export const usageReportView = publicView<UsageReport>()('range', 'days', 'money', 'weeks', 'outstanding', 'totals', 'countedAt');
