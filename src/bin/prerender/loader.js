await new Promise(function(r){requestAnimationFrame(function(){setTimeout(r)})});
var W=window.doorstepWords=__WORDS__;
["__CONFIG__",W[document.documentElement.lang],"__WASM__"].forEach(function(h){if(!h)return;var l=document.createElement("link");l.rel="preload";l.as="fetch";l.crossOrigin="anonymous";l.href=h;document.head.append(l)});
const bindings=await import("__JS__");
const wasm=await bindings.default({module_or_path:"__WASM__"});
window.wasmBindings=bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted",{detail:{wasm}}));
