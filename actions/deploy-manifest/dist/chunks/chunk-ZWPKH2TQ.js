import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-KH45IRKA.js";var require_os=__commonJS({"builtin:os"(exports,module){module.exports=__require("node:os")}});export{require_os};
//# sourceMappingURL=chunk-ZWPKH2TQ.js.map
