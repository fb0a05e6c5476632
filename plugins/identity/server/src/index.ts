/** Wires the identity plugin; behaviour lives in the modules imported here (plugins/README.md). */
import { definePlugin } from '@haven/shared/server/strapi';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import routes from './routes';
import services from './services';

export default definePlugin({ config, contentTypes, controllers, routes, services });
