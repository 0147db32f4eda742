// Any address no route claims: the same 404 page as for content one may not see.
export function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}
