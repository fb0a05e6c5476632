/** Wires the privacy plugin; behaviour lives in the modules imported here (plugins/README.md). */
import { definePlugin } from '@haven/shared/server/strapi';
import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import destroy from './destroy';
import routes from './routes';
import services from './services';

export default definePlugin({ bootstrap, destroy, config, contentTypes, controllers, routes, services });
