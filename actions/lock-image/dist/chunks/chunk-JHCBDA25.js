import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-KH45IRKA.js";var require_os=__commonJS({"builtin:os"(exports,module){module.exports=__require("node:os")}});var require_util=__commonJS({"builtin:util"(exports,module){module.exports=__require("node:util")}});export{require_os,require_util};
//# sourceMappingURL=chunk-JHCBDA25.js.map
