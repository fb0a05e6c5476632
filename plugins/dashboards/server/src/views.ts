/** The usage dashboard's answer by allow-list (@haven/shared/view): exactly these fields leave the server. */
import { publicView } from '@haven/shared/view';
import type { TherapistReport } from './lib/therapist-report';
import type { UsageReport } from './lib/usage-report';
import type { EngagementReport, LibraryReport, ModerationReport } from './lib/engagement-report';

export const usageReportView = publicView<UsageReport>()('range', 'days', 'money', 'weeks', 'outstanding', 'totals', 'countedAt');

/** The engagement dashboards' answers (lib/engagement-report.ts builds every nested figure from counts only). */
export const engagementReportView = publicView<EngagementReport>()('range', 'days', 'totals', 'moderation', 'library', 'countedAt');
export const libraryReportView = publicView<LibraryReport>()('range', 'days', 'totals', 'topResources', 'topSearches', 'noResultSearches', 'countedAt');
export const moderationReportView = publicView<ModerationReport>()('range', 'days', 'totals', 'waiting', 'turnaround', 'countedAt');

/** The therapists dashboard's answer (lib/therapist-report.ts builds every row field by field: therapists named, clients only counted). */
export const therapistReportView = publicView<TherapistReport>()('range', 'applications', 'therapists', 'totals', 'countedAt');
