// The fault matrix on the open311 backend (see support/faults.mjs): 0 lost, 0 duplicated.
import { faultSuite } from './support/faults.mjs';

faultSuite('open311');
