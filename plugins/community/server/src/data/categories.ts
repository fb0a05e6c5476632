/** The community's categories, created or updated at every start (looked up by slug). */
export const CATEGORIES = [
  { slug: 'anxiety-support', name: 'Anxiety support', description: 'Worry, panic, and the things that help you through them.' },
  { slug: 'depression', name: 'Depression', description: 'Low days, heavy weeks, and small steps forward.' },
  { slug: 'addiction-recovery', name: 'Addiction recovery', description: 'Staying the course, starting again, and supporting each other in recovery.' },
  { slug: 'grief-and-loss', name: 'Grief and loss', description: 'Missing someone, and living with loss of any kind.' },
  { slug: 'relationships', name: 'Relationships', description: 'Partners, family, friends, and the work of getting along.' },
  { slug: 'wins-and-gratitude', name: 'Wins and gratitude', description: 'Good moments, big or small. Share them here.' },
  { slug: 'general', name: 'General', description: 'Anything else on your mind.' },
].map((category, position) => ({ ...category, position }));
