import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-KH45IRKA.js";var require_url=__commonJS({"builtin:url"(exports,module){module.exports=__require("node:url")}});export{require_url};
//# sourceMappingURL=chunk-A53ZGD4N.js.map
