import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-KH45IRKA.js";var require_buffer=__commonJS({"builtin:buffer"(exports,module){module.exports=__require("node:buffer")}});export{require_buffer};
//# sourceMappingURL=chunk-TXHFAD77.js.map
