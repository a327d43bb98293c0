import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-KH45IRKA.js";var require_readline=__commonJS({"builtin:readline"(exports,module){module.exports=__require("node:readline")}});export{require_readline};
//# sourceMappingURL=chunk-U2Y7JVMQ.js.map
