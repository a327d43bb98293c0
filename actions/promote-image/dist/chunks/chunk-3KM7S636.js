import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-KH45IRKA.js";var require_process=__commonJS({"builtin:process"(exports,module){module.exports=__require("node:process")}});var require_url=__commonJS({"builtin:url"(exports,module){module.exports=__require("node:url")}});var require_buffer=__commonJS({"builtin:buffer"(exports,module){module.exports=__require("node:buffer")}});export{require_process,require_buffer,require_url};
//# sourceMappingURL=chunk-3KM7S636.js.map
