/**
 * What the Content Manager shows staff for each Haven field: a human label, a help text under the
 * input and, for free text, a placeholder; and the columns of each list. Applied at bootstrap by
 * ./content-manager-labels.ts. Written for the people who use them: editors (the library) and
 * super admins (profiles, verification).
 */

export interface FieldText {
  label: string;
  description?: string;
  placeholder?: string;
}

export interface TypeTexts {
  /** Content type or component uid. */
  uid: string;
  kind: 'content-type' | 'component';
  fields: Record<string, FieldText>;
  /** The list view's columns, in order (content types only). */
  list?: string[];
  /** What a relation to another type shows of it (its "entry title"), by relation field. */
  mainFields?: Record<string, string>;
}

export const FIELD_TEXTS: TypeTexts[] = [
  {
    uid: 'api::resource.resource',
    kind: 'content-type',
    list: ['title', 'kind', 'categories', 'updatedAt'],
    mainFields: { categories: 'name' },
    fields: {
      title: { label: 'Title', description: 'What readers see first, in lists and at the top of the page (at most 200 characters).', placeholder: 'Calming anxiety before sleep' },
      slug: { label: 'Web address', description: 'The end of the page address (/library/…), made from the title. Changing it breaks links already shared.' },
      summary: { label: 'Summary', description: 'One or two sentences shown in search results and link previews (at most 600 characters).', placeholder: 'What a reader will get from this, in plain words' },
      body: { label: 'Text', description: 'The resource itself, in Markdown. Links open safely; HTML is not shown.' },
      kind: { label: 'Kind', description: 'Article, video, audio, worksheet or link: decides how the page shows it and how its length is given.' },
      cover: { label: 'Cover picture', description: 'Shown in lists and link previews. Describe it in the media library\'s "alternative text".' },
      media: { label: 'Attached file', description: 'A worksheet, audio or video file readers can open or download.' },
      videoUrl: { label: 'Video URL', description: 'A YouTube or Vimeo link (https). It is embedded through the privacy-friendly player.', placeholder: 'https://www.youtube.com/watch?v=…' },
      externalUrl: { label: 'External link', description: 'For the "link" kind: the page readers are sent to (http or https).', placeholder: 'https://' },
      durationMinutes: { label: 'Length (minutes)', description: 'How long the video or audio lasts. For articles, worksheets and links Haven counts the reading time from the text when you save.', placeholder: '12' },
      tags: { label: 'Tags', description: 'Words readers may search by that are not in the title (e.g. "insomnia"). Add one tag per entry.' },
      seoTitle: { label: 'Search engine title', description: 'The title search engines show, if it should differ from the title (at most 70 characters).' },
      seoDescription: { label: 'Search engine description', description: 'The snippet search engines show (at most 160 characters); the summary is used when empty.' },
      categories: { label: 'Categories', description: 'The library topics this resource appears under.' },
    },
  },
  {
    uid: 'library.tag',
    kind: 'component',
    fields: {
      name: { label: 'Tag', description: 'A word or a short phrase, at most 60 characters.', placeholder: 'insomnia' },
    },
  },
  {
    uid: 'api::category.category',
    kind: 'content-type',
    list: ['name', 'slug', 'resources'],
    mainFields: { resources: 'title' },
    fields: {
      name: { label: 'Name', description: 'The topic as readers see it on the library page (unique).', placeholder: 'Sleep' },
      slug: { label: 'Web address', description: 'Used in library addresses and filters (?category=…). Changing it breaks links already shared.' },
      description: { label: 'Description', description: 'A sentence or two shown on the topic\'s page.' },
      resources: { label: 'Resources', description: 'Resources in this topic (also set from each resource).' },
    },
  },
  {
    uid: 'api::therapist-profile.therapist-profile',
    kind: 'content-type',
    list: ['user', 'licenceNumber', 'licenceJurisdiction', 'licenceExpiry', 'verificationStatus'],
    mainFields: { user: 'username' },
    fields: {
      licenceNumber: { label: 'Licence number', description: 'As printed on the licence. Never shown on the site.' },
      licenceJurisdiction: { label: 'Licensing body / jurisdiction', description: 'Who issued the licence and where it is valid.', placeholder: 'e.g. California Board of Behavioral Sciences' },
      licenceExpiry: { label: 'Licence expiry', description: 'After this date the therapist is hidden from the directory until the licence is renewed.' },
      specialties: { label: 'Specialties', description: 'A list of short phrases, as ["anxiety", "grief"]. Shown on the directory and used by its filter.' },
      languages: { label: 'Languages', description: 'Languages sessions can be held in, as ["English", "Spanish"].' },
      bio: { label: 'About', description: 'The therapist\'s own introduction, shown on their directory page.' },
      sessionLengthMinutes: { label: 'Session length (minutes)', description: 'How long one booked session lasts (15 to 180).' },
      rateMinor: { label: 'Rate per session (cents)', description: 'In the currency\'s smallest unit: 9000 is 90.00. 0 means free.' },
      currency: { label: 'Currency', description: 'Three-letter code (ISO 4217).', placeholder: 'USD' },
      verificationStatus: { label: 'Verification', description: 'Only verified therapists are listed and can be booked. Use the Therapist applications page to approve or reject with a message.' },
      verifiedAt: { label: 'Verified on', description: 'Set by Haven when the status becomes verified.' },
      verifiedBy: { label: 'Verified by', description: 'The staff member who verified the licence (set by Haven).' },
      featured: { label: 'Featured in the directory', description: 'Shown first on the site\'s therapist directory.' },
      user: { label: 'Account', description: 'The site account this profile belongs to.' },
    },
  },
  {
    uid: 'api::profile.profile',
    kind: 'content-type',
    list: ['displayName', 'user', 'timeZone'],
    mainFields: { user: 'username' },
    fields: {
      displayName: { label: 'Display name', description: 'The name others see (therapists, chat). Community posts use an alias instead.' },
      pronouns: { label: 'Pronouns', description: 'Optional, shown next to the name.', placeholder: 'she/her' },
      timeZone: { label: 'Time zone', description: 'An IANA zone such as Europe/Paris: times are shown to this person in it.', placeholder: 'Europe/Paris' },
      avatar: { label: 'Picture', description: 'Optional profile picture.' },
      mailOff: { label: 'Mail turned off', description: 'The kinds of mail this person turned off on their profile (bookings, reminders, payments, wellness). Account mail is always sent.' },
      user: { label: 'Account', description: 'The site account this profile belongs to.' },
    },
  },
];
