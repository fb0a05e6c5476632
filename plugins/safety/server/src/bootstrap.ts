import type { Core } from '@strapi/strapi';
import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';

/** The lines file and every phrase list are read and checked at start: a broken file stops the start, not a person in crisis. */
function loadSafetyFiles(strapi: Core.Strapi) {
  void strapi;
  getService('lines').load();
  getService('screening').load();
}

/** Named steps run in bootstrap(), in order. */
export default [loadSafetyFiles] satisfies Step[];
