// The fault matrix on the rest backend (see support/faults.mjs): 0 lost, 0 duplicated.
import { faultSuite } from './support/faults.mjs';

faultSuite('rest');
