import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-KH45IRKA.js";var require_process=__commonJS({"builtin:process"(exports,module){module.exports=__require("node:process")}});export{require_process};
//# sourceMappingURL=chunk-ZNLT5NUC.js.map
