/**
 * The people plugin's public contract (`@haven/plugin-people/public`): the one way other plugins and
 * the CMS learn who a person is. Read-only; emails only through `emails()`, never in a Person.
 */
import { getService } from './get-service';
import type { EmailOptions, Person, Therapist } from './services/people';
import type { ActivityDay } from './services/activity';
import type { AccountPage, AccountSearch, AccountSummary, SiteRole, StandingChange } from './services/standing';
import type { DayCount, WaitingApplications } from './services/usage';
import type { Application, ApplicationList, ApplicationTab, ExpiredLicence, VerificationStatus } from './services/verification';
import { personalData } from './personal-data';

export type { AccountPage, AccountSearch, AccountSummary, ActivityDay, DayCount, EmailOptions, Person, SiteRole, StandingChange, Therapist, WaitingApplications };
export type { Application, ApplicationList, ApplicationTab, ExpiredLicence, VerificationStatus };

const service = () => getService('people');

export const people = {
  /** The person's data this plugin holds, for issue 20's export and erasure (./personal-data.ts). */
  personalData,
  /** Several people; every asked id is present (defaults for unknown accounts). */
  many: (userIds: number[]): Promise<Map<number, Person>> => service().many(userIds),
  one: (userId: number): Promise<Person> => service().one(userId),
  /** Email addresses; `deliverableOnly`: confirmed and not blocked accounts only. */
  emails: (userIds: number[], options?: EmailOptions): Promise<Map<number, string>> => service().emails(userIds, options),
  therapistById: (profileId: string): Promise<Therapist | null> => service().therapistById(profileId),
  therapistByUserId: (userId: number): Promise<Therapist | null> => service().therapistByUserId(userId),
  /** The account behind a therapist's public id: the cheap lookup of the slot path. */
  therapistUserIdById: (profileId: string): Promise<number | null> => service().therapistUserIdById(profileId),
  /** Verified and not suspended therapists among these accounts. */
  inGoodStanding: (userIds: number[]): Promise<Set<number>> => service().inGoodStanding(userIds),
  /** Therapist profile documentIds (public ids) by account. */
  therapistProfileIds: (userIds: number[]): Promise<Map<number, string>> => service().therapistProfileIds(userIds),
  /** Suspended accounts among these. */
  blocked: (userIds: number[]): Promise<Set<number>> => service().blocked(userIds),
  /** Username and email, for staff-only views (moderation). */
  account: (userId: number): Promise<{ username: string; email: string } | null> => service().account(userId),
  /** Accounts created per UTC day in [from, to) (staff dashboards; counts only, days without any absent). */
  signupsPerDay: (from: Date, to: Date): Promise<DayCount[]> => getService('usage').signupsPerDay(from, to),
  /** People active per UTC day in [from, to) (staff dashboards; counts only, days without anybody absent). */
  activePerDay: (from: Date, to: Date): Promise<DayCount[]> => getService('activity').perDay(from, to),
  /** Different people active per ISO week (`day` is the week's Monday) for the whole weeks overlapping [from, to). */
  activePerWeek: (from: Date, to: Date): Promise<DayCount[]> => getService('activity').perWeek(from, to),
  /** Different people active at all in [from, to). */
  activePeople: (from: Date, to: Date): Promise<number> => getService('activity').people(from, to),
  /** Records past days of activity (the demo seed's history); days already recorded stay as they are. */
  recordActivity: (days: ActivityDay[]): Promise<void> => getService('activity').record(days),
  /** Recounts the active people of the days and weeks in [from, to) from the activity rows (after writing rows directly, e.g. a benchmark). */
  recountActivity: (from: Date, to: Date): Promise<void> => getService('activity').recount(from, to),
  /** Therapist applications waiting now (pending or more asked): count, oldest and median submission time; nobody named. */
  applicationsWaiting: (): Promise<WaitingApplications> => getService('usage').applicationsWaiting(),

  // Standing, as staff set it from the Accounts page (the accounts plugin checks who asks and records why)
  /** Site accounts by name, email or username (any case), newest first, one page; staff-only (emails). */
  searchAccounts: (query: AccountSearch): Promise<AccountPage> => getService('standing').search(query),
  /** One site account's summary, or null when there is none. */
  accountSummary: (userId: number): Promise<AccountSummary | null> => getService('standing').summary(userId),
  /** Blocks an account (and ends all its sessions) or unblocks it; 404 for an unknown account. */
  setBlocked: (userId: number, blocked: boolean): Promise<StandingChange<boolean>> => getService('standing').setBlocked(userId, blocked),
  /** Client or Therapist; a therapist who becomes a client leaves the directory (verification withdrawn). */
  setSiteRole: (userId: number, role: SiteRole): Promise<StandingChange<string | null>> => getService('standing').setSiteRole(userId, role),
  /** Features a verified therapist in the directory (listed first), or stops; 409 for anyone else. */
  setFeatured: (userId: number, featured: boolean): Promise<StandingChange<boolean>> => getService('standing').setFeatured(userId, featured),
  /** Therapist applications for staff (email and licence included: staff-only views), one tab page at a time with every tab's count. */
  applications: (tab: ApplicationTab, page: number, pageSize: number, now?: Date): Promise<ApplicationList> => getService('verification').applications(tab, page, pageSize, now),
  application: (profileId: string, now?: Date): Promise<Application | null> => getService('verification').application(profileId, now),
  /** An account's own application (the applicant's page). */
  applicationOf: (userId: number, now?: Date): Promise<Application | null> => getService('verification').applicationOf(userId, now),
  /** Staff's verification write: moves a profile from one of `from` to `to` (stamping who and when); whether it did. */
  decideVerification: (profileId: string, from: VerificationStatus[], to: VerificationStatus, decidedBy: string): Promise<boolean> =>
    getService('verification').decide(profileId, from, to, decidedBy),
  /** The therapist's own renewal: a later licence expiry date (if the profile still holds `previous`); whether it changed. */
  renewLicence: (profileId: string, previous: string, licenceExpiry: string): Promise<boolean> => getService('verification').renewLicence(profileId, previous, licenceExpiry),
  /** Verified therapists whose licence has expired (hidden from the directory until renewed). */
  expiredLicences: (now?: Date): Promise<ExpiredLicence[]> => getService('verification').expiredLicences(now),
};
