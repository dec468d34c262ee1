/** Every built-in taint model, one file per framework or library. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { dbapi } from "./dbapi.js";
import { django } from "./django.js";
import { fastapi } from "./fastapi.js";
import { flask } from "./flask.js";
import { hashing } from "./hashing.js";
import { httpClients } from "./http-clients.js";
import { jinja2 } from "./jinja2.js";
import { ldap } from "./ldap.js";
import { lxml } from "./lxml.js";
import { pandas } from "./pandas.js";
import { sqlalchemy } from "./sqlalchemy.js";
import { stdlib } from "./stdlib.js";
import { urls } from "./urls.js";

export const MODELS: readonly TaintModel[] = [dbapi, django, fastapi, flask, hashing, httpClients, jinja2, ldap, lxml, pandas, sqlalchemy, stdlib, urls];
