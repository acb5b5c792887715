export function el(tag,attributes={},...children){const node=document.createElement(tag);for(const[name,value]of Object.entries(attributes)){if(value===false||value===null||value===undefined)continue;if(name.startsWith("on")&&typeof value==="function"){node.addEventListener(name.slice(2),value);}else{node.setAttribute(name,value===true?"":String(value));}}
node.append(...nodes(children));return node;}
export function nodes(children){return children.flat().filter((child)=>child!==null&&child!==undefined&&child!==false).map((child)=>(child instanceof Node?child:document.createTextNode(String(child))));}
export function add(node,...children){node.append(...nodes(children));return node;}
export function addFirst(node,...children){node.prepend(...nodes(children));return node;}
export function put(node,...children){node.replaceChildren(...nodes(children));return node;}
export function icon(shapes){const svg=(tag,attributes)=>{const node=document.createElementNS("http://www.w3.org/2000/svg",tag);for(const[name,value]of Object.entries(attributes))node.setAttribute(name,value);return node;};const root=svg("svg",{viewBox:"0 0 24 24",class:"icon","aria-hidden":"true"});root.append(...shapes.map(([tag,attributes])=>svg(tag,attributes)));return root;}
export function clear(node){while(node.firstChild)node.firstChild.remove();return node;}
export function fill(template,values){return template.replace(/%\((\w+)\)s/g,(_,key)=>(key in values?String(values[key]):""));}