// The leak check without Sharegraph: the same libgraphviz calls in C on a DOT file Sharegraph wrote.
// usage: cc -O2 $(pkg-config --cflags libgvc) graphviz_leak.c $(pkg-config --libs libgvc) -o leak && ./leak FILE.dot COUNT svg
#include <gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static long rss(void){FILE*f=fopen("/proc/self/status","r");char l[256];long v=0;while(fgets(l,256,f))if(!strncmp(l,"VmRSS:",6))v=atol(l+6);fclose(f);return v;}
int main(int argc,char**argv){
  FILE*f=fopen(argv[1],"r");fseek(f,0,SEEK_END);long n=ftell(f);rewind(f);char*dot=malloc(n+1);fread(dot,1,n,f);dot[n]=0;fclose(f);
  int count=atoi(argv[2]); const char*fmt=argv[3];
  agseterr(AGMAX); GVC_t*gvc=gvContext();
  for(int i=0;i<count;i++){ if(i==20)printf("after 20: %ld\n",rss());
    Agraph_t*g=agmemread(dot); gvLayout(gvc,g,"dot"); char*out;unsigned int len; gvRenderData(gvc,g,fmt,&out,&len); gvFreeRenderData(out); gvFreeLayout(gvc,g); agclose(g);}
  printf("after %d: %ld\n",count,rss()); return 0;}
