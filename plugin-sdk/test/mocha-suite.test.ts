import cpuBackend from '@knhk/backend-cpu';
import { conformanceSuite } from '@knhk/plugin-sdk/mocha';

// The cpu reference backend, through the mocha suite plugin authors use.
conformanceSuite(cpuBackend);
