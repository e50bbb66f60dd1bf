// What the preview bundle gets for `import … from '@hubspot/ui-extensions/pages'`: the app page
// router. The preview shows the index route (the page's only route today).
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/app-pages/reference#createpagerouter
import { Children, isValidElement } from 'react';
import type { ComponentType, ReactElement, ReactNode } from 'react';

interface RouteProps {
  component: ComponentType;
  id?: string;
  path?: string;
}

/** An app page route. */
function Route(_props: RouteProps): null {
  return null;
}

/** An app page's index route. */
function IndexRoute(_props: RouteProps): null {
  return null;
}

/** The routes of an app page. */
export function PageRoutes(_props: { children?: ReactNode }): null {
  return null;
}
PageRoutes.Route = Route;
PageRoutes.IndexRoute = IndexRoute;
PageRoutes.AnyRoute = Route;

/** Builds the page's router: a component rendering the index route (or the first route). */
export function createPageRouter(routes: ReactElement<{ children?: ReactNode }>): ComponentType {
  const children = Children.toArray(routes.props.children).filter(
    (child): child is ReactElement<RouteProps> => isValidElement(child),
  );
  const index = children.find((child) => child.type === IndexRoute) ?? children[0];
  return function PageRouter() {
    if (!index) return null;
    const Page = index.props.component;
    return <Page />;
  };
}
