import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';

/** The lines file and every phrase list are read and checked at start: a broken file stops the start, not a person in crisis. */
function loadSafetyFiles() {
  getService('lines').load();
  getService('screening').load();
}

/** Mails therapist notices held through quiet hours once those hours end (services/deferred.ts). */
function startWorker() {
  getService('deferred').start();
}

/** Named steps run in bootstrap(), in order. */
export default [loadSafetyFiles, startWorker] satisfies Step[];
