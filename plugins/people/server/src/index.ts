/** Wires the people plugin; behaviour lives in the modules imported here (plugins/README.md). */
import { definePlugin } from '@haven/shared/server/strapi';
import config from './config';
import controllers from './controllers';
import routes from './routes';
import services from './services';

/** No content types of its own: people reads the CMS's profile types and the accounts, and never writes them. */
export default definePlugin({ config, contentTypes: {}, controllers, routes, services });
