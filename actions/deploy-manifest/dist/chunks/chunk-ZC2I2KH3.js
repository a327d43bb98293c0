import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-KH45IRKA.js";var require_vm=__commonJS({"builtin:vm"(exports,module){module.exports=__require("node:vm")}});var require_timers=__commonJS({"builtin:timers"(exports,module){module.exports=__require("node:timers")}});export{require_timers,require_vm};
//# sourceMappingURL=chunk-ZC2I2KH3.js.map
