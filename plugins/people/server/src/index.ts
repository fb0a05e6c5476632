/** Wires the people plugin; behaviour lives in the modules imported here (plugins/README.md). */
import { definePlugin } from '@haven/shared/server/strapi';
import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import register from './register';
import routes from './routes';
import services from './services';

/** People reads the CMS's profile types and the accounts and never writes them; its one table of its own is activity days. */
export default definePlugin({ register, bootstrap, config, contentTypes, controllers, routes, services });
