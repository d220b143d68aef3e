(function(){var w=document.getElementById("wechat");if(w&&/MicroMessenger/i.test(navigator.userAgent))w.hidden=false;var f=document.getElementById("fb");if(!f)return;var E=f.elements,K="shugen-feedback",N=["category","content","name","phone"],P=location.pathname.replace(/\/feedback$/,""),s;try{s=window.localStorage;s.length}catch(e){s=null}
if(s){try{var d=JSON.parse(s.getItem(K)||"null");if(d&&d.card===P){if(!E.content.value&&!E.category.value){N.forEach(function(n){if(d[n])E[n].value=d[n]})}if(d.key&&E.content.value===d.content)E.key.value=d.key}}catch(e){}
f.addEventListener("input",function(){var d={card:P,key:E.key.value};N.forEach(function(n){d[n]=E[n].value});try{s.setItem(K,JSON.stringify(d))}catch(e){}})}
var b=f.querySelector("button[type=submit]"),t=b.textContent;
f.addEventListener("submit",function(){setTimeout(function(){b.disabled=true;b.textContent=b.getAttribute("data-busy")},0)});
window.addEventListener("pageshow",function(){b.disabled=false;b.textContent=t})})();
