// Companies. https://developers.hubspot.com/docs/api-reference/crm-companies-v3/guide
import {
  datetime,
  industryProperty,
  lifecycleProperty,
  num,
  ownerProperty,
  systemProperties,
  text,
} from '../property-definitions.ts';
import { defineObjectType } from './define.ts';

export const companies = defineObjectType({
  name: 'companies',
  singular: 'company',
  objectTypeId: '0-2',
  groups: [
    ['companyinformation', 'Company information'],
    ['analyticsinformation', 'Web analytics history'],
  ],
  properties: [
    ...systemProperties('companyinformation', 'hs_lastmodifieddate'),
    datetime('createdate', 'Create Date', 'companyinformation'),
    text('name', 'Company name', 'companyinformation'),
    text('domain', 'Company Domain Name', 'companyinformation'),
    text('country', 'Country/Region', 'companyinformation'),
    text('city', 'City', 'companyinformation'),
    { ...text('phone', 'Phone Number', 'companyinformation'), fieldType: 'phonenumber' },
    num('numberofemployees', 'Number of Employees', 'companyinformation'),
    num('annualrevenue', 'Annual Revenue', 'companyinformation'),
    industryProperty('companyinformation'),
    lifecycleProperty('companyinformation'),
    ownerProperty('companyinformation'),
    { ...text('description', 'Description', 'companyinformation'), fieldType: 'textarea' },
    num('hs_analytics_num_page_views', 'Number of Pageviews', 'analyticsinformation', true),
    num('hs_analytics_num_visits', 'Number of Sessions', 'analyticsinformation', true),
  ],
  defaultReturned: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  alwaysReturned: ['hs_object_id', 'createdate', 'hs_lastmodifieddate'],
  lastModified: ['hs_lastmodifieddate'],
  forwardOnlyLifecycleProperty: 'lifecyclestage',
  eventType: 'company',
});
