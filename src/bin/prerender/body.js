(function(d){var s=d.getElementById('shell'),K='doorstep.boot',v={},x;
try{x=JSON.parse(localStorage.getItem(K));if(x)v=x.v?x.value:x}catch(e){}
function c(){var t=d.getElementById('f-description'),n=Array.from(t.value.trim()).length;s.querySelectorAll('.counter .n').forEach(function(e){e.textContent=n})}
s.querySelectorAll('input[id],textarea[id]').forEach(function(e){if(typeof v[e.id]=='string')e.value=v[e.id]});c();
s.addEventListener('input',function(e){var t=e.target;if(!t.id||t.type=='checkbox')return;v[t.id]=t.value;if(t.id=='f-description')c();try{localStorage.setItem(K,JSON.stringify({v:1,value:v}))}catch(e){}});
var g=d.getElementById('lang');g.value=d.documentElement.lang;g.addEventListener('change',function(){d.documentElement.lang=g.value;try{localStorage.setItem('doorstep.lang',JSON.stringify({v:1,value:g.value}))}catch(e){}});
var b=s.querySelector('.elder-switch'),h=d.documentElement;function p(){b.setAttribute('aria-pressed',h.getAttribute('data-mode')=='elder'?'true':'false')}p();b.addEventListener('click',function(){var o=h.getAttribute('data-mode')!='elder';if(o)h.setAttribute('data-mode','elder');else h.removeAttribute('data-mode');p();try{localStorage.setItem('doorstep.mode',o?'elder':'standard')}catch(e){}});
s.querySelector('form').addEventListener('submit',function(e){e.preventDefault();s.setAttribute('data-send','')})})(document)
