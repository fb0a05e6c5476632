/** Wires the dashboards plugin; behaviour lives in the modules imported here (plugins/README.md). */
import { definePlugin } from '@haven/shared/server/strapi';
import bootstrap from './bootstrap';
import config from './config';
import controllers from './controllers';
import routes from './routes';
import services from './services';

/** No content types of its own: every figure is an aggregate asked of the plugin that owns the data. */
export default definePlugin({ bootstrap, config, contentTypes: {}, controllers, routes, services });
