(function(d,l,n){var h=d.documentElement,T=__TAGS__,N=__TITLES__,s,t,i;
function m(x){x=String(x||'').trim().toLowerCase();for(var i=0;i<T.length;i++){var p=T[i][0];if(p.slice(-1)=='-'?x.indexOf(p)==0:x==p)return T[i][1]}return null}
try{s=JSON.parse(localStorage.getItem('doorstep.lang'));if(s&&s.v)s=s.value}catch(e){}
t=m((/[?&]lang=([^&]*)/.exec(l.search)||[])[1])||m(s);
for(i=0;!t&&n.languages&&i<n.languages.length;i++)t=m(n.languages[i]);
t=t||__DEFAULT__;h.lang=t;d.title=N[t];
var e=(/[?&]mode=(elder|standard)/.exec(l.search)||[])[1];
try{if(localStorage.getItem('doorstep.volunteer.on')=='1')h.setAttribute('data-volunteer','');e=e||localStorage.getItem('doorstep.mode')}catch(x){}
if(e=='elder')h.setAttribute('data-mode','elder');
var p=l.pathname.replace(/\/+$/,'');h.setAttribute('data-boot',p==''?'form':p=='/lookup'?'lookup':p.indexOf('/requests')==0?'mine':'other')})(document,location,navigator)
