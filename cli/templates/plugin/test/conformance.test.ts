import { conformanceSuite } from '@knhk/plugin-sdk/mocha';
import plugin from '../src/index.js';

// Checks every capability the plugin declares against knhk's CPU reference backend.
conformanceSuite(plugin);
